package dailyfeed.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers {@link ProblemDetailsAdvice} in every servlet service, and {@link DatabaseProblemsAdvice} where there is JDBC. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemDetailsAdvice.class)
public class ProblemDetailsConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.jdbc.CannotGetJdbcConnectionException",
                "org.springframework.transaction.CannotCreateTransactionException"
            })
    @Import(DatabaseProblemsAdvice.class)
    static class DatabaseProblems {}
}
